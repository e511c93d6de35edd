"""Say clearly, before Qt aborts, when the Linux desktop is missing what Qt's xcb platform needs."""

from __future__ import annotations

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
# Where Linux distributions put shared libraries. A library found here needs no further look;
# ctypes.util.find_library, which is exact but runs `ldconfig -p` once per library (slow, for
# all of them), is asked only about the others.
LIBRARY_FOLDERS = (
    "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
    "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib",
)


def display_problem(
    environ: dict[str, str] | None = None, library_folders: tuple[str, ...] = LIBRARY_FOLDERS
) -> str | None:
    """A sentence saying why a window cannot open here, or None if it should (the libraries Qt
    needs are looked for in `library_folders` first, as in missing_libraries)."""
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
    missing = [XCB_LIBRARIES[lib] for lib in missing_libraries(list(XCB_LIBRARIES), library_folders)]
    if missing:
        return (
            "Qt's xcb platform needs system libraries that are missing, so the window cannot open. "
            f"On Debian or Ubuntu: sudo apt-get install {' '.join(missing)}"
        )
    return None


def missing_libraries(names: list[str], folders: tuple[str, ...] = LIBRARY_FOLDERS) -> list[str]:
    """Which of the shared libraries (named as ctypes names them: "xcb-cursor" for
    libxcb-cursor.so.0) are not installed: a look in the usual folders first, then the dynamic
    linker's own answer for those not found there."""
    files: set[str] = set()
    for folder in folders:
        try:
            files.update(os.listdir(folder))
        except OSError:
            continue
    unseen = [name for name in names if not any(file.startswith(f"lib{name}.so") for file in files)]
    if not unseen:
        return []
    import ctypes.util  # imports subprocess: only needed when the quick look missed something

    return [name for name in unseen if ctypes.util.find_library(name) is None]
