"""The API's OpenAPI 3 description (drf-spectacular): every operation takes ``lang`` and
may answer the JSON errors below."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .serializers import ErrorSerializer

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=LANGUAGE_CODES,
    description=(
        "The language of the texts; items not written in it are not listed. "
        f"Default: {settings.LANGUAGE_CODE}."
    ),
)
ERRORS = {
    "400": "Bad input: which parameter, and why.",
    "404": "No such item (or not public in this language), or a page past the end.",
    "429": "Too many requests from this address: wait Retry-After seconds.",
}


class ApiSchema(AutoSchema):
    """Every operation takes ``lang`` and may answer the errors above (JSON)."""

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), LANG_PARAMETER]
        if "{id}" in self.path:  # looked up as text, but only numbers are ever found
            parameters.append(OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            error = OpenApiTypes.OBJECT if code == "400" else ErrorSerializer
            responses.setdefault(
                code, self._get_response_for_code(error, code, direction=direction)
            )
            responses[code]["description"] = description
        return responses
