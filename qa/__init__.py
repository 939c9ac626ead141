"""transcript-qa: validate, detect ASR mistakes in, and correct datasets of transcript chunks."""

__version__ = "0.1.0"
