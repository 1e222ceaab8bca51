"""Saving and loading the model with skops: no pickle, only types we trust.

The file is a skops archive of one dict: ``format`` (``stance-model/1``), ``profile``,
``meta`` (label count, feature version, scikit-learn version, model version...),
``policy`` (plain numbers) and ``pipelines``. Loading refuses any type outside
scikit-learn's own, numpy's, scipy's and :class:`~stance.learn.features.CandidateFeatures`,
so a crafted file cannot run code. Saving writes a temporary file and renames it.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from ..errors import ModelError
from ..profile import Profile
from .combine import Policy
from .features import FEATURE_VERSION

FORMAT = "stance-model/1"
#: The profile recorded on a model trained on the labels of every negotiation: it reads any
#: profile, as its features never name a party or an issue.
ANY_PROFILE = "*"
# Types skops does not trust by default that a stance model holds; anything else is refused.
TRUSTED_TYPES = ("stance.learn.features.CandidateFeatures",)


def save_model(model, path: str | Path) -> Path:
    """Write ``model`` (a :class:`~stance.learn.model.StanceModel`) to ``path`` atomically.

    Raises:
        ModelError: The folder does not exist or cannot be written.
    """
    import skops.io as sio

    path = Path(path)
    if not path.parent.is_dir():
        raise ModelError(f"cannot write {path}: folder {path.parent} does not exist")
    data = {"format": FORMAT, "profile": model.profile, "meta": model.meta,
            "policy": model.policy.to_dict(), "pipelines": dict(model.pipelines)}
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        sio.dump(data, temp, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        os.chmod(temp, 0o644)  # mkstemp makes it private; a model file is shared like any output
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ModelError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def load_model(path: str | Path, *, profile: str | None = None):
    """Read a model saved by :func:`save_model`.

    Args:
        path: The model file.
        profile: When given, the profile id the model must have been trained for.

    Returns:
        The :class:`~stance.learn.model.StanceModel`.

    Raises:
        ModelError: The file is missing, not a stance model, holds untrusted types, was
            made with other features, or belongs to another profile (one line each).
    """
    import skops.io as sio

    from .model import StanceModel

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"model file {path} not found (train one with `stance train`)")
    try:
        untrusted = sio.get_untrusted_types(file=path)
        refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if refused:
            raise ModelError(f"model file {path} holds types stance does not trust: {', '.join(refused)}")
        data = sio.load(path, trusted=list(untrusted))
    except ModelError:
        raise
    except Exception as exc:  # skops raises many kinds on a corrupt archive
        raise ModelError(f"model file {path} is not a readable stance model "
                         f"({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"model file {path} is not a stance model ({FORMAT})")
    meta = data.get("meta") or {}
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ModelError(f"model file {path} was made with features v{meta.get('feature_version')}, "
                         f"this stance uses v{FEATURE_VERSION}: train it again")
    if profile is not None and data.get("profile") not in (profile, ANY_PROFILE):
        raise ModelError(f"model file {path} was trained for profile '{data.get('profile')}', "
                         f"not '{profile}'")
    return StanceModel(dict(data["pipelines"]), Policy.from_dict(data["policy"]), data["profile"], meta)


def load_classifier(path: str | Path | None, profile: Profile):
    """The extractor's classifier: the model at ``path``, or the rules when it cannot be used.

    Args:
        path: A model file, or None for the rules only.
        profile: The profile the extractor runs with.

    Returns:
        ``(classifier, message)``: ``message`` is ``""`` when the model loaded, else one
        line saying why the extractor falls back to the rules.
    """
    from ..extraction.classify import RuleOnly

    if path is None:
        return RuleOnly(), ""
    try:
        model = load_model(path, profile=profile.id)
    except ModelError as exc:
        return RuleOnly(), f"{exc}; extracting with the rules only"
    from .model import LearnedClassifier

    return LearnedClassifier(model, profile), ""
