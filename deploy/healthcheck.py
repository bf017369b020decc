"""Docker HEALTHCHECK for the web container: GET a health endpoint on the local gunicorn.

    python deploy/healthcheck.py [/healthz | /readyz]

Sent with the site's first host name, because Django answers 400 to a Host it does not
serve; the health paths are exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
Exit 0 when the answer is 200, 1 otherwise (with the reason on stdout for `docker inspect`).
"""

import http.client
import os
import sys


def main(path="/healthz"):
    hosts = [h.strip().lstrip(".") for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h), "localhost")
    port = int(os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        body = response.read(200).decode("utf-8", "replace").strip()
    except OSError as error:
        print(f"{path}: {error}")
        return 1
    finally:
        connection.close()
    print(f"{path}: {response.status} {body}")
    return 0 if response.status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
