"""Recall on talks nobody tuned for, where the right term is in the glossary already: a version of a
name listed as its alias, heard with its number as a word after the name heard right; letters of a
name written partly in capitals, heard by their names."""

from __future__ import annotations

from qa.detect.context import _letters_spelled


def _found(det, text: str) -> list[tuple[str, str]]:
    return [(f.found, f.suggestion) for f in det.scan_text(text)]


def test_a_listed_version_of_a_name_heard_right_with_its_number_as_a_word_is_found(det):
    """'Llama 2' is an alias of LLaMA, 'FSDP2' of FSDP: the name heard right inside the span no
    longer vetoes a sounds-alike of its own version, as it still does any other alias holding it."""
    text = "meta ignored that on purpose with llama to where they trained a seven billion parameter model"
    assert ("llama to", "Llama 2") in _found(det, text)
    text = "fully sharded data parallel grew out of fair scale at meta and fsdp to now shards per parameter"
    assert ("fsdp to", "FSDP2") in _found(det, text)
    text = "so meta's fair team trained ESM too a masked language model on uniref sequences"
    assert ("ESM too", "ESM-2") in _found(det, text)


def test_a_number_heard_as_to_before_what_goes_on_from_to_is_the_word_to(det):
    """'to' before a verb or a noun phrase is the infinitive or the preposition: 'llama to generate',
    'compare llama to the other model' say LLaMA, not Llama 2."""
    for text in ("we fine tuned llama to follow instructions with seven billion parameters",
                 "we used llama to generate the answers for the benchmark with meta weights",
                 "we compare llama to the other model with seven billion parameters"):
        assert not [f for f in det.scan_text(text) if f.suggestion == "Llama 2"], text


def test_letters_of_a_name_written_partly_in_capitals_are_its_spelled_letters():
    assert _letters_spelled("MLflow") == "ML"
    assert _letters_spelled("ChatGPT") == "GPT"
    assert _letters_spelled("XGBoost") == "XG"
    assert _letters_spelled("node2vec") == ""


def test_letter_names_heard_for_a_name_partly_spelled_are_evidence_of_it(det):
    """A heard word naming one of a form's spelled letters is evidence of it, as for an acronym ('jay
    peg' for JPEG): for MLflow ('em el flow') as for MLP, though MLflow is no acronym."""
    text = ("we track every run with em el flow so the parameters metrics and model artifacts are logged "
            "to the tracking server and the model registry")
    assert ("em el flow", "MLflow") in _found(det, text)


def test_a_version_written_in_digits_after_the_name_is_the_version_heard_right(det):
    assert not [f for f in det.scan_text("blip-2's q-former bridges a frozen image encoder and an llm")
                if f.kind == "asr-error"]


def test_a_letter_a_name_writes_in_lowercase_is_no_evidence_of_it():
    """IMDb's b is said 'bee', but 'wand bee' (a mishearing of wandb) must not read as IMDb for it."""
    assert _letters_spelled("IMDb") == "IMD"
    assert _letters_spelled("QwQ") == "QQ"


def test_a_name_at_the_end_of_a_chunk_with_a_word_in_the_next_is_scored_without_error(det):
    import polars as pl

    frame = pl.DataFrame({"video_id": ["v", "v"], "start_second": ["0", "5"], "title": ["", ""],
                          "text": ["meta trained a model called llama", "to where the weights are open"]})
    det.scan_frame(frame)  # (a span across the two chunks indexes past the first chunk's words)


def test_an_everyday_word_beside_the_names_own_number_is_the_rest_of_the_name(det):
    """'resident 50': ASR wrote the 50 it heard, ResNet-50's number, so the everyday word beside it
    is ResNet misheard; one digit is said of anything ('phase 2' is no Phi-2)."""
    text = "we fine tuned a resident 50 architecture pretrained on image net"
    assert ("resident 50", "ResNet-50") in _found(det, text)
    assert not det.scan_text("in phase 2 of the training we")


def test_the_suggestion_is_the_form_whose_words_were_heard_misspelled_alike():
    """A listed mishearing of exponential smoothing heard as 'hold winters' was Holt-Winters said:
    'holt' has the key of 'hold'. A word of the form heard in no way is still never added."""
    from qa.detect.choose import _closest_written
    from qa.glossary import Entry

    e = Entry(term="exponential smoothing", category="technique", file="t.yaml", line=1,
              aliases=["Holt-Winters", "simple exponential smoothing"])
    assert _closest_written("exponential smoothing", "hold winters", e) == "Holt-Winters"
    e = Entry(term="SHAP", category="technique", file="t.yaml", line=1, aliases=["SHAP values", "Shapley values"])
    assert _closest_written("SHAP", "shapely values", e) == "Shapley values"
    e = Entry(term="ASR", category="technique", file="t.yaml", line=1,
              aliases=["automatic speech recognition", "speech recognition"])
    assert _closest_written("ASR", "speech recognitions system", e) != "automatic speech recognition"


def test_consonants_written_as_a_word_are_letters_where_every_heard_word_reads_letters():
    """'sd excel' for SDXL: 'sd' is S D in a row, 'excel' runs X L together; 'dp noise' is DP heard
    right and a word said, no DDPMs: 'noise' reads no letter of it."""
    from qa.detect.context import _letters_said

    class Form:  # (what `_letters_said` reads of a form)
        def __init__(self, acronym):
            self.acronym, self.text, self.spoken_words = acronym, acronym, ()

    assert _letters_said(Form("SDXL"), ["sd", "excel"], set(), ["sd", "excel"]) == 2
    assert _letters_said(Form("GDPR"), ["gdp", "are"], set(), ["gdp", "are"]) == 2
    assert _letters_said(Form("DDPMS"), ["dp", "noise"], set(), ["dp", "noise"]) == 0
    assert _letters_said(Form("EBMS"), ["bms"], set(), ["bm's"]) == 0


def test_a_number_beside_a_word_that_begins_otherwise_or_stands_for_a_letter_is_no_names_number():
    from qa.detect.context import _own_number
    from qa.detect.index import Form
    from qa.detect.tokens import tokenize
    from qa.glossary import Entry

    def form(text, ckey):
        return Form(Entry(term=text, category="model", file="t.yaml", line=1), text, "term", ckey=ckey)

    assert _own_number(form("ResNet-50", "RSNT"), "50", tokenize("resident")[0])
    assert not _own_number(form("float16", "FLTSKSTN"), "16", tokenize("lot")[0])  # (onset lost)
    assert not _own_number(form("A100", "AHNTRT"), "100", tokenize("yeah")[0])  # (a letter, not a name)
    assert not _own_number(form("Phi-2", "F"), "2", tokenize("phase")[0])  # (one digit)
