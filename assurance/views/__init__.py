"""The assurance pages: the staff pages under /assurance/manage/ (``manage``) and the public
summary at /assurance/ (``public``)."""
