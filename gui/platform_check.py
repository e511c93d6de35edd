"""Say clearly, before Qt aborts, when the Linux desktop is missing what Qt's xcb platform needs."""

from __future__ import annotations

import ctypes.util
import os
import sys

# Shared libraries Qt 6's xcb platform plugin loads, and the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}
_NO_XCB_PLATFORMS = ("offscreen", "minimal", "vnc", "wayland", "eglfs", "linuxfb")


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence saying why a window cannot open here, or None if it should."""
    env = dict(os.environ) if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith(_NO_XCB_PLATFORMS):
        return None
    if not env.get("DISPLAY"):
        if env.get("WAYLAND_DISPLAY"):
            return None
        return (
            "No display found (DISPLAY is not set), so the window cannot open. Run Seedview on a "
            "desktop, or set QT_QPA_PLATFORM=offscreen for headless use."
        )
    missing = [package for lib, package in XCB_LIBRARIES.items() if not ctypes.util.find_library(lib)]
    if missing:
        return (
            "Qt's xcb platform needs system libraries that are missing, so the window cannot open. "
            f"On Debian or Ubuntu: sudo apt-get install {' '.join(missing)}"
        )
    return None
