"""Permissions-Policy: no page may use the camera, the microphone or other powerful features,
except one that sets its own header (the video room grants camera and microphone to itself)."""

_NOBODY = ("display-capture=()", "geolocation=()", "payment=()", "usb=()")
DENY_ALL = ", ".join(("camera=()", "microphone=()", *_NOBODY))
CAMERA_AND_MICROPHONE_HERE = ", ".join(("camera=(self)", "microphone=(self)", *_NOBODY))


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", DENY_ALL)
        return response
