"""The employers' side: the public sign-up form of an event and the private employer link
(`routes.bp`).

Pages reached by a private link send `Referrer-Policy: no-referrer` and `Cache-Control:
no-store`, and load nothing from third parties (the stylesheets are the app's own).
"""
