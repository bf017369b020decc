"""System checks that keep the registry whole: a model cannot be public content by
inheritance alone, without the one registration the rest of the site derives from."""

from django.apps import apps
from django.core import checks

from . import content
from .publishing import Publishable


@checks.register()
def every_publishable_model_is_registered(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        if issubclass(model, Publishable) and not content.is_registered(model):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is Publishable but not registered as content.",
                    hint="Register it in its app's content.py with core.content.register().",
                    obj=model,
                    id="core.E001",
                )
            )
    return errors
