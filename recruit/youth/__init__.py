"""The youth pages: public sign-up and the private booking link (`routes.bp`).

No login: a private link is the key, so every page here sends `Referrer-Policy: no-referrer`
(the token is in the path) and is never cached.
"""
