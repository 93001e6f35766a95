"""What runs in the batch process: finding render jobs, the cache, warm kernels, turning executed
notebooks into HTML, the index page, offline assets and publishing.

May import: `core`, `casefile`, `present`, `portfolio`, `errors`, `atomic`, papermill,
nbconvert, nbclient, jupyter_client. Never `notebook`: a report's figures are read from the
executed notebook's metadata, never computed again here.
"""
