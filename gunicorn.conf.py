"""gunicorn's settings for the API (read from the working folder, ``/app`` in the image).

Each worker builds the taxonomy's catalogue (the labels beside every id, and the index that search by words
reads) as it starts, not on the first request: on full ESCO that takes about a second, which no user waits for.
"""


def post_worker_init(worker):
    from matchmaker.services.catalogue import warm

    warm(worker.wsgi)
