"""Word lists the scorer and the candidate finder share."""

# Function words: a span that starts or ends with one is usually a real word plus its neighbour.
STOPWORDS = frozenset("""
a an the and or but if so as at by for from in into of off on onto out over to up with about than then
that this these those there here what which who whom whose when where why how is are was were be been
being am do does did doing have has had having i me my we us our you your he him his she her it its they
them their not no yes just very too also only more most some any all each both such can could will would
shall should may might must let lets its it's i'm you're we're they're that's there's what's
""".replace("'", "").split())

# Words after which the next word is a verb (a subject pronoun, a modal): 'you imagine', 'we can
# imagine'. A name is no verb, so one everyday word heard right after one of these was said as
# heard (`qa.detect.context.said_as_verb`).
BEFORE_VERB = frozenset("i you we they he she can could would should will might must".split()) | frozenset(
    # ... a negated auxiliary, and 'who' (a subject before its verb): "don't overthink", "who coined"
    "don't doesn't didn't won't can't couldn't wouldn't shouldn't who".split())
# ... and after which a word ending in -ing is one ('you're turning'): a pronoun with a contracted 'be'
BEFORE_ING = frozenset("i'm you're we're they're".split())

# Words any talk of the field says near any of its terms, so near a short name they say nothing of
# which one it is (`qa.detect.context.topic_words`): what a thing of each glossary category is called
# (model, dataset, benchmark, paper, GPU, tokens), the field's umbrella names (learning,
# reinforcement, self-supervised, GAN, BERT, GPT, transformer, attention, latent) and its biggest labs.
# A fixed list, not a share of the glossary: a word is as topical in a glossary of 900 entries as in
# one of 3,000. (Frozen from the words more than 4% of the 931 entries of session 19 required, with
# the other number of each noun.)
FIELD_WORDS = frozenset("""
model models dataset datasets benchmark benchmarks paper papers training learning language image images
tokens token embeddings embedding gpu gpus attention policy latent contrastive selfsupervised reinforcement
rl gan gans bert gpt transformer transformers google deepmind openai
""".split())
