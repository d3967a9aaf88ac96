"""What API Gateway itself answers for an unknown route: a 404 problem, not its bare 403.

The deployed API gets this body from a gateway response in the template; the local
server gets it from ProblemRequestHandler. Both use the constants below.
"""

from __future__ import annotations

from chalice.local import ChaliceRequestHandler, ForbiddenError, LocalGatewayException

from chalicelib.http import CORS_HEADERS, PROBLEM, dumps

UNKNOWN_ROUTE_DETAIL = "No such route. Routes are listed in README.md under /v1."


def unknown_route_problem(path: str) -> str:
    return dumps(
        {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": UNKNOWN_ROUTE_DETAIL,
            "instance": path,
        }
    )


class ProblemRequestHandler(ChaliceRequestHandler):
    """chalice local's handler, answering unknown routes as the deployed gateway does."""

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if not isinstance(error, ForbiddenError):
            super()._send_error_response(error)
            return
        path = self.path.split("?", 1)[0]
        headers = {"Content-Type": PROBLEM, "Cache-Control": "no-store", **CORS_HEADERS}
        self._send_http_response(404, headers, unknown_route_problem(path).encode())
