"""The desk on the admin's front page (core/desk.py)."""

from django import template

from core import desk

register = template.Library()


@register.inclusion_tag("admin/includes/desk.html", takes_context=True)
def press_desk(context):
    return {"piles": desk.for_user(context["request"].user)}
