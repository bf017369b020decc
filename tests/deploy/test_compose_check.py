"""make compose-check's reading of the containers' logs (deploy/compose_check.py).

The stack itself runs only under `make compose-check`; what it counts as a problem is
tested here, with lines the real stack printed.
"""

from deploy.compose_check import classify_logs

ROLLOUT = ("2026-11-29T00:17:10.000000000Z", "2026-11-29T00:17:30.000000000Z")
NGINX_FAILOVER = (
    "nginx-1  | 2026-11-29T00:17:14.757593006Z 2026/11/29 00:17:14 [error] 13#13: *402 "
    "connect() failed (111: Connection refused) while connecting to upstream, client: "
    '172.22.0.1, server: _, request: "GET /en/ HTTP/1.1", upstream: "http://172.22.0.4:8000/en/"'
)


def test_gunicorn_control_socket_error_fails_the_check():
    line = (
        "\x1b[2Kweb-1  | 2026-11-29T00:13:02.000000000Z [2026-11-29 00:13:02 +0000] [10] "
        "[ERROR] Control server error: [Errno 13] Permission denied: '/app/.gunicorn'"
    )
    problems, _, _ = classify_logs(line, ROLLOUT)
    assert len(problems) == 1 and problems[0].startswith("web: ")


def test_a_django_warning_and_a_migrate_traceback_fail_the_check():
    output = "\n".join(
        [
            "web-2 | 2026-11-29T00:06:15.284084591Z time=x level=WARNING logger=csto_press.health"
            ' msg="readiness: cache unavailable"',
            "migrate-1 | 2026-11-29T00:06:00.000000000Z Traceback (most recent call last):",
        ]
    )
    problems, _, _ = classify_logs(output, ROLLOUT)
    assert [problem.split(":")[0] for problem in problems] == ["web", "migrate"]


def test_request_lines_and_ordinary_output_are_not_problems():
    output = "\n".join(
        [
            "nginx-1 | 2026-11-29T00:11:16.775368134Z time=x level=INFO logger=nginx.access "
            'request_id=1 method=GET path="/en/ERROR/" status=404',
            "web-1 | 2026-11-29T00:11:16.775368134Z time=x level=INFO logger=gunicorn.access "
            'method=GET path="/en/WARNING" status=404',
            "migrate-1 | 2026-11-29T00:10:51.382880491Z   Applying "
            "auth.0007_alter_validators_add_error_messages... OK",
            "nginx-1 | 2026-11-29T00:11:12.226594086Z 2026/11/29 00:11:12 [notice] 1#1: exit",
        ]
    )
    assert classify_logs(output, ROLLOUT) == ([], [], [])


def test_redis_overcommit_warning_is_a_host_note_not_a_failure():
    line = (
        "redis-1 | 2026-11-29T00:10:44.805134387Z 1:M 29 Nov 2026 00:10:44.805 # WARNING "
        "Memory overcommit must be enabled! Without it, a background save may fail."
    )
    problems, notes, _ = classify_logs(line, ROLLOUT)
    assert problems == [] and len(notes) == 1


def test_nginx_failover_counts_only_while_the_old_replica_stops():
    problems, _, failover = classify_logs(NGINX_FAILOVER, ROLLOUT)
    assert problems == [] and len(failover) == 1

    later = ("2026-11-29T00:20:00.000000000Z", "2026-11-29T00:20:30.000000000Z")
    problems, _, failover = classify_logs(NGINX_FAILOVER, later)
    assert len(problems) == 1 and failover == []
