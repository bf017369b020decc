"""Who may change what: the one place that decides, for every write the admin can make.

Django's model permissions say what a role may attempt (``core.roles``: editors add,
change and delete content; view-only staff nothing). On top of them one rule, about
publication: **a published item, and every part of it (a published document's recorded
steps), is changed or deleted only by someone allowed to publish its type.** An editor
writes drafts and adds new steps; rewriting what readers already see is a publisher's call.

The state that counts is the one stored in the database, never the instance in hand: a
crafted form, an old version from the history or a step moved to another document cannot
make a published item look like a draft. Every admin view that writes asks here, through
``core.admin.GuardedAdmin`` (change, delete, the history's revert form, inlines, actions,
list edits); the tests in ``tests/security/test_admin_matrix.py`` walk every admin URL for
every role to prove it.
"""

from django.contrib.contenttypes.models import ContentType

from . import content
from .publishing import PublicationStatus


def may_publish(user, model):
    """Whether ``user`` may publish, unpublish and rewrite published items of ``model``."""
    entry = content.entry_for(model)
    return (
        entry is not None
        and entry.kind == content.CONTENT
        and user.has_perm(entry.publish_permission)
    )


def _stored_owner(obj):
    """The content item ``obj`` belongs to (itself, or a part's item), as stored now."""
    entry = content.entry_for(type(obj))
    if entry is None or entry.kind == content.REFERENCE or obj.pk is None:
        return None
    model = entry.model
    stored = model._base_manager.filter(pk=obj.pk)
    if entry.kind == content.PART:
        owner_field = model._meta.get_field(entry.of)
        owner_model = content.item_model(entry)
        if owner_model is None:  # a generic relation: the stored type and id
            found = stored.values_list(owner_field.ct_field, owner_field.fk_field).first()
            if found is None:
                return None
            type_id, owner_id = found
            owner_model = ContentType.objects.get_for_id(type_id).model_class()
        else:
            owner_id = stored.values_list(owner_field.attname, flat=True).first()
        if owner_id is None:
            return None
        return owner_model._base_manager.filter(pk=owner_id).first()
    return stored.first()


def is_published(obj):
    """Whether ``obj`` (content, or a part of content) is published as stored now."""
    owner = _stored_owner(obj)
    return owner is not None and owner.status != PublicationStatus.DRAFT


def may_change(user, obj):
    """Whether ``user``, who holds the model permission, may change or delete ``obj``: not
    when it (or the item it is part of) is published, or withdrawn after publication,
    unless they may publish that type."""
    owner = _stored_owner(obj)
    if owner is None or owner.status == PublicationStatus.DRAFT:
        return True
    return may_publish(user, type(owner))
