"""Use cases: where the business rules live. Functions take a session and keyword arguments."""
