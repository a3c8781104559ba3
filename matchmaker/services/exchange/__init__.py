"""The social-innovation exchange: practice cases (:mod:`.cases`), inspiration sessions and their registrations
(:mod:`.sessions`), SME questions and progress checks (:mod:`.questions`), the explained matches of a question
(:mod:`.matching`), and the province's monitor (:mod:`.monitor`)."""
