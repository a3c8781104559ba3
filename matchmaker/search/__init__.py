"""Finding records by words: normalised labels, an in-memory token index, ranking."""
