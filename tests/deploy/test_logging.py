"""Django's own log lines in production: one line each, with the request id nginx assigned."""

import logging
import sys

from django.test import RequestFactory

from core.log import OneLineFormatter


def test_an_error_with_a_traceback_is_one_line_with_request_id_and_path():
    request = RequestFactory().get("/en/news/x/", HTTP_X_REQUEST_ID="abc123def456")
    try:
        raise ValueError('broken "quote"\nsecond line')
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/en/news/x/",),
        exc_info,
    )
    record.request = request
    record.status_code = 500

    line = OneLineFormatter().format(record)

    assert "\n" not in line
    assert "level=ERROR logger=django.request request_id=abc123def456" in line
    assert 'method=GET path="/en/news/x/" status=500' in line
    assert 'msg="Internal Server Error: /en/news/x/"' in line
    assert 'ValueError: broken \\"quote\\"\\nsecond line' in line


def test_a_record_without_a_request_has_no_request_fields():
    record = logging.LogRecord("csto", logging.INFO, __file__, 1, "hello", (), None)
    line = OneLineFormatter().format(record)
    assert line.endswith('level=INFO logger=csto msg="hello"')
