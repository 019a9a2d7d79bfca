"""The I/O side of composition: MIDI files, piano-roll images, corpora, model files, and the
adapters that send notes to Live or to a MIDI port."""
