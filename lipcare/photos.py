"""Photos of the lips, kept with a check-in, private by construction.

A photo is never kept as it came. Its pixels are decoded, turned upright by
its EXIF orientation, converted to sRGB when it carries a colour profile,
flattened onto white when it has transparency, scaled down so that its long
side is at most `MAX_SIDE` (2048) pixels, and written as a brand-new JPEG
made from the pixels alone: no EXIF (so no GPS position, camera or maker
notes, no embedded thumbnail), no XMP, no IPTC, no colour profile (a JPEG
without one is read as sRGB), no comment. The original file is only read,
never changed or copied.

The new JPEG is named by its SHA-256 and kept in the `photos` folder beside
the journal (folder 0700, files 0600, whatever the umask). Files are written
under a temporary name, synced and renamed into place inside the journal's
write transaction, before the rows that reference them are committed: a crash
can leave a file no row references, never a row without its file.
`remove_orphans()` deletes such files on a later run, under the same write
lock, so it never races a check-in being saved.

Pillow (and pillow-heif, for HEIC) is imported only inside the functions that
decode, so that importing this module costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from lipcare.errors import LipcareError, Message, UsageError
from lipcare.fasttuple import Record
from lipcare.journal import NewPhoto, PhotoRow
from lipcare.text import printable

if TYPE_CHECKING:
    from PIL import Image

    from lipcare.journal import Journal

#: The long side of a kept photo, in pixels: enough to see redness and crusts, small enough to embed in a report.
MAX_SIDE = 2048
#: The largest file read as a photo: well above what a phone writes, and a bound on the memory used to read it.
MAX_FILE_BYTES = 64 * 1024 * 1024
JPEG_QUALITY = 90
FOLDER_NAME = "photos"
SUFFIX = ".jpg"
TEMPORARY_PREFIX = ".incoming-"
FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPTED = "JPEG, PNG, WebP or HEIC"
#: ISO base media major brands of HEIF stills (an iPhone writes 'heic').
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"})
HEIC_HINT = "HEIC photos need the optional pillow-heif package: {command}"


class PhotoError(LipcareError):
    """A file that cannot be kept as a photo; nothing was saved."""


class PreparedPhoto(Record):
    """A photo made ready to keep: the new JPEG's bytes and what the journal records of it."""

    data: bytes
    info: NewPhoto


# --- reading and cleaning ------------------------------------------------------------


def _refuse(path: Path, why: str | Message) -> PhotoError:
    return PhotoError("cannot use {path} as a photo: {why}; nothing was saved.", path=printable(str(path)), why=why)


def read_file(path: Path) -> bytes:
    """The bytes of `path`, refusing anything but a readable, non-empty regular file of sane size.

    Opened non-blocking, so a named pipe cannot hang lipcare, and checked again
    once open, so a file swapped meanwhile for a device or a pipe is refused.
    """
    try:
        before = path.stat()  # follows a symbolic link: a link to a photo is fine, a link to /dev/zero is not
    except FileNotFoundError:
        raise _refuse(path, Message("there is no such file (or it was moved or deleted)")) from None
    except OSError as error:
        raise _refuse(path, str(error.strerror or error)) from None
    _check_kind(path, before.st_mode, before.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _refuse(path, Message("the file disappeared while lipcare was reading it")) from None
    except OSError as error:
        raise _refuse(path, str(error.strerror or error)) from None
    try:
        opened = os.fstat(fd)
        _check_kind(path, opened.st_mode, opened.st_size)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, 1024 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise _refuse(path, str(error.strerror or error)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    _check_kind(path, opened.st_mode, len(data))
    return data


def _check_kind(path: Path, mode: int, size: int) -> None:
    if stat.S_ISDIR(mode):
        raise _refuse(path, Message("it is a folder"))
    if not stat.S_ISREG(mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise _refuse(path, Message("it is {kind}, not a file", kind=Message(kind)))
    if size == 0:
        raise _refuse(path, Message("the file is empty (0 bytes)"))
    if size > MAX_FILE_BYTES:
        raise _refuse(path, Message("the file is larger than {size} MB", size=MAX_FILE_BYTES // (1024 * 1024)))


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _heif_available() -> bool:
    """Register pillow-heif's decoder with Pillow; False when the optional package is not installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def prepare_photo(path: Path) -> PreparedPhoto:
    """Read `path` and make the clean JPEG to keep. Raises PhotoError for anything that is not a usable photo."""
    return clean_photo(read_file(path), path)


def clean_photo(data: bytes, path: Path) -> PreparedPhoto:
    """Decode `data` (the bytes of `path`) and re-encode it as a metadata-free, upright sRGB JPEG."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    formats = list(FORMATS)
    if _is_heif(data):
        if not _heif_available():
            from lipcare.install import extra_command

            raise PhotoError(
                "cannot use {path}: {hint}. Or save it as JPEG and add that; nothing was saved.",
                path=printable(str(path)),
                hint=Message(HEIC_HINT, command=extra_command("heic")),
            )
        formats.append("HEIF")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a remark about odd EXIF must not reach the terminal
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # more pixels than Pillow's limit: refused
        try:
            with Image.open(io.BytesIO(data), formats=formats) as image:
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode straight at a smaller scale when it can
                _refuse_too_many_pixels(image, path)
                image.load()
                clean = _clean_pixels(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            limit = (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
            raise _refuse(
                path,
                Message(
                    "it has more pixels than lipcare will open (over {limit} megapixels); "
                    "save a smaller copy and add that",
                    limit=limit,
                ),
            ) from None
        except UnidentifiedImageError:
            raise _refuse(
                path, Message("it is not a picture lipcare can read ({accepted})", accepted=ACCEPTED)
            ) from None
        except MemoryError:
            raise _refuse(path, Message("it is too large to open")) from None
        except PhotoError:
            raise
        except Exception as error:  # a damaged file makes a decoder fail in many ways; none of them is a bug here
            detail = printable(" ".join(str(error).split())[:120]) or type(error).__name__
            raise _refuse(path, Message("the picture is damaged or cut short ({detail})", detail=detail)) from None
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    encoded = out.getvalue()
    info = NewPhoto(hashlib.sha256(encoded).hexdigest(), len(encoded), clean.width, clean.height)
    return PreparedPhoto(encoded, info)


MAX_PIXELS = 50_000_000
"""The most pixels lipcare decodes (a 48-megapixel phone photo fits; Pillow's own limit is 89 million): decoding,
turning and shrinking hold a few copies, so the pixels decide the memory a photo costs (bench/photo_memory.py)."""
MAX_WIDE_PIXELS = 25_000_000
"""The most pixels of an image stored with more than 3 bytes a pixel (alpha, 16 bits, CMYK): each copy is larger."""
_NARROW_MODES = frozenset({"1", "L", "P", "RGB", "YCbCr", "LAB", "HSV"})


def _refuse_too_many_pixels(image: Image.Image, path: Path) -> None:
    """Refuse, before anything is decoded, an image whose pixels would cost more memory than lipcare allows; a
    JPEG is measured at the scale it is decoded at (draft)."""
    pixels = image.width * image.height
    limit = MAX_PIXELS if image.mode in _NARROW_MODES else MAX_WIDE_PIXELS
    if pixels > limit:
        raise _refuse(
            path,
            Message(
                "it has more pixels than lipcare will open (over {limit} megapixels); save a smaller copy and add that",
                limit=limit // 1_000_000,
            ),
        )


def _clean_pixels(image: Image.Image) -> Image.Image:
    """Upright, sRGB, opaque, at most MAX_SIDE: a new image that carries pixels and nothing else."""
    from PIL import Image, ImageOps

    icc = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombWarning:
        raise
    except Exception:  # unreadable EXIF: the pixels are kept as they were stored
        upright = image.copy()
    rgb = _srgb(_opaque(upright), icc if isinstance(icc, bytes) else None)
    rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # Rebuilt from raw pixel bytes: whatever `info` the decoder attached (exif, xmp, icc_profile, dpi,
    # comments) stays behind, and the encoder has nothing to copy.
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def _opaque(image: Image.Image) -> Image.Image:
    """Transparency flattened onto white; 16-bit greyscale brought to 8 bits; CMYK and L kept for the colour step."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGB", "CMYK", "L"):
        return image
    return image.convert("RGB")


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The pixels in sRGB: converted through an embedded colour profile when there is a usable one."""
    if icc:
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except Exception:  # a damaged or mismatched profile: the pixels are taken as sRGB, the profile dropped
            converted = None
        if converted is not None:
            return converted
    return image if image.mode == "RGB" else image.convert("RGB")


# --- keeping ---------------------------------------------------------------------------


def photos_dir(journal: Journal) -> Path:
    """The folder of kept photos: `photos` beside the journal."""
    return folder_beside(journal.path)


def folder_beside(journal_path: Path) -> Path:
    return journal_path.parent / FOLDER_NAME


def photo_file(folder: Path, sha256: str) -> Path:
    """The kept photo with this hash; a hash that is not 64 lowercase hex digits never names a file (the
    journal reports such a row as damage before it gets here)."""
    if len(sha256) != 64 or not all(char in "0123456789abcdef" for char in sha256):
        raise PhotoError("a photo's id in the journal is not one lipcare writes; nothing was deleted.")
    return folder / f"{sha256}{SUFFIX}"


def _private_folder(folder: Path) -> None:
    """Create `folder` as 0700 whatever the umask; refuse a link or someone else's folder in its place."""
    shown = printable(str(folder))
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as error:
        raise PhotoError(
            "cannot create the photo folder {folder}: {error}; nothing was saved.",
            folder=shown,
            error=error.strerror or error,
        ) from None
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise PhotoError(
            "{folder} is not a folder (a link or a file is in its place), so lipcare will not keep "
            "photos there; nothing was saved.",
            folder=shown,
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise PhotoError("the photo folder {folder} belongs to someone else; nothing was saved.", folder=shown)
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)


def _sealed(journal_path: Path, name: str, data: bytes) -> bytes:
    """`data` as it is kept: encrypted when the journal is (lipcare.vault, imported only then)."""
    if not _encrypted(journal_path):
        return data
    from lipcare import vault

    return vault.seal(vault.data_key(journal_path), name, data)


def _opened(journal_path: Path, name: str, data: bytes) -> bytes | None:
    if not _encrypted(journal_path):
        return data
    from lipcare import vault

    return vault.unseal(vault.data_key(journal_path), name, data)


def _encrypted(journal_path: Path) -> bool:
    return os.path.lexists(journal_path.with_name("journal.key"))


def _write_file(folder: Path, photo: PreparedPhoto, data: bytes | None = None) -> Path:
    """Write the photo under a temporary name, sync it, rename it to its hash name and sync the folder."""
    final = photo_file(folder, photo.info.sha256)
    shown = printable(str(folder))
    temporary = folder / f"{TEMPORARY_PREFIX}{photo.info.sha256[:16]}-{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temporary, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)  # the umask may have taken more away
            view = memoryview(photo.data if data is None else data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        temporary.replace(final)  # the same name always holds the same bytes
        _sync_folder(folder)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        raise PhotoError(
            "cannot write the photo into {folder}: {error}; nothing was saved.",
            folder=shown,
            error=error.strerror or error,
        ) from None
    return final


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):  # not every file system can sync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def attach(journal: Journal, checkin_id: int, photos: Sequence[PreparedPhoto]) -> tuple[PhotoRow, ...]:
    """Keep `photos` with check-in `checkin_id`; call inside the journal's write transaction.

    The files are on disk (synced, under their final names) before the rows
    are inserted, and the rows commit with the transaction: together or not at all.
    """
    if photos:
        folder = photos_dir(journal)
        _private_folder(folder)
        for photo in photos:
            _write_file(folder, photo, _sealed(journal.path, photo_file(folder, photo.info.sha256).name, photo.data))
            journal.add_photo(checkin_id, photo.info)
    return tuple(journal.photos_of(checkin_id))


def remove_orphans(journal: Journal) -> int:
    """Delete photo files that no check-in references: left by a crash between writing and committing.

    Looks without a lock first (cheap, and works on a read-only disk); only
    when there is something to delete does it take the write lock, which
    every check-in holds while it writes its photos, and look again. Best
    effort: a problem here never stops the command that called it. Returns
    how many files were removed.
    """
    folder = photos_dir(journal)
    try:
        if not _candidates(folder, journal.photo_hashes()):
            return 0
        removed = 0
        with journal.transaction():
            for file in _candidates(folder, journal.photo_hashes()):
                with suppress(FileNotFoundError):
                    file.unlink()
                    removed += 1
        return removed
    except (LipcareError, OSError):
        return 0


def _candidates(folder: Path, referenced: set[str]) -> list[Path]:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        name = entry.name
        stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else ""
        leftover = name.startswith(TEMPORARY_PREFIX) and name.endswith(".tmp")
        unreferenced = _is_hash(stem) and stem not in referenced
        if entry.is_file(follow_symlinks=False) and (leftover or unreferenced):
            found.append(Path(entry.path))
    return found


def _is_hash(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def add_to_day(journal: Journal, treatment_id: int, on_iso: str, photo: PreparedPhoto) -> tuple[PhotoRow, bool]:
    """Keep `photo` with the latest check-in of that day: (its row, False when that check-in had it already)."""
    with journal.transaction():
        checkin_id = journal.checkin_on(treatment_id, on_iso)
        if checkin_id is None:
            command = f"lipcare checkin --on {on_iso} --photo FILE"
            raise PhotoError(
                "there is no check-in on {date} to add the photo to; nothing was saved. Record one with: {command}",
                date=on_iso,
                command=command,
            )
        known = {row.sha256: row for row in journal.photos_of(checkin_id)}
        if photo.info.sha256 in known:
            return known[photo.info.sha256], False
        kept = attach(journal, checkin_id, [photo])
    return next(row for row in kept if row.sha256 == photo.info.sha256), True


MIN_PREFIX = 6


def remove(journal: Journal, prefix: str) -> list[PhotoRow]:
    """Forget the photo whose hash starts with `prefix` and delete its file; the rows removed.

    The file goes inside the same transaction as its rows: if lipcare is stopped half-way, the rows
    stay (the report then counts the photo as missing) and running the command again finishes it.
    """
    typed = prefix.strip().lower()
    if len(typed) < MIN_PREFIX or not all(c in "0123456789abcdef" for c in typed):
        raise UsageError(
            "Invalid value for 'PHOTO': give at least the first {count} characters of the photo's "
            "id, as 'lipcare photo list' shows it.",
            count=MIN_PREFIX,
        )
    with journal.transaction():
        rows = journal.photos_starting(typed)
        found = {row.sha256 for row in rows}
        if not found:
            raise PhotoError("no photo has an id starting with {typed}; 'lipcare photo list' shows them.", typed=typed)
        if len(found) > 1:
            raise UsageError(
                "Invalid value for 'PHOTO': {typed} starts the ids of {count} photos; give more characters.",
                typed=typed,
                count=len(found),
            )
        (sha256,) = found
        journal.delete_photos(sha256)
        photo_file(photos_dir(journal), sha256).unlink(missing_ok=True)
    return rows


def read_photos(journal: Journal, rows: Sequence[PhotoRow]) -> list[tuple[PhotoRow, bytes]]:
    """The kept photos' bytes, for embedding in a report or an export; a missing file is left out."""
    folder = photos_dir(journal)
    found = []
    for row in rows:
        try:
            file = photo_file(folder, row.sha256)
            data = _opened(journal.path, file.name, file.read_bytes())
        except OSError:
            continue
        if data is not None and hashlib.sha256(data).hexdigest() == row.sha256:
            found.append((row, data))
    return found


def folder_files(folder: Path) -> list[Path]:
    """The files in the photo folder (none when it is missing or a link)."""
    if folder.is_symlink():
        return []
    try:
        return sorted(Path(entry.path) for entry in os.scandir(folder) if not entry.is_dir(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):
        return []
