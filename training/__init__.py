"""Training the attribution tagger from PolNeAR (see ``scripts/train-attribution``)."""
