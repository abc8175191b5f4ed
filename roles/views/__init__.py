"""Role pages, by audience (as ``surveys.views``): the public register and diversity
analysis at /roles/ (``public``); staff pages under /roles/manage/: lists, functions and
link roles (``manage``) and one role with its appointments, job descriptions and seats
(``role``); a person's own profile at /profile/ (``profile``)."""

from django.urls import reverse

VIEW = "roles.view_roles"
MANAGE = "roles.manage_roles"


def crumbs(*extra):
    return [("Home", reverse("home")), ("Roles", reverse("roles:role_list")), *extra]


def role_crumbs(role, *extra):
    return crumbs((role.title, role.get_absolute_url()), *extra)


def public_crumbs(*extra):
    return [("Home", reverse("home")), *extra]
