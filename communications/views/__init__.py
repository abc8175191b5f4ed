"""Communications pages: a recipient's preferences and unsubscribing (``preferences``: by
the signed link in an e-mail, or signed in), and the CCPL team's pages (``manage``)."""
