"""Where the photos of a photo_geo draft were taken: each placed by its own EXIF or by the
location shared within the allowed gap of it (services.evidence.geocheck has the pure checks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.evidence.checklist import Checklists
from services.evidence.exif import ExifInfo
from services.evidence.geocheck import GeoVerdict, check_exif, check_location
from storage.models import Centre, Evidence, EvidenceFile


class Placement(Checklists):
    """The geo verdict of a photo_geo draft, from stored facts only (recomputable)."""

    def geo_verdict(
        self, draft: Evidence, centre: Centre, files: Sequence[EvidenceFile]
    ) -> GeoVerdict:
        """Every photo must be placed: by its own EXIF, or by the shared location taken within
        the allowed gap of it. The first photo that is not is the verdict; otherwise the
        farthest placement is (the distance the moderator should see)."""
        if not files:
            return GeoVerdict(False, "no_location", None, "none")
        verdicts = [self._file_verdict(draft, centre, f) for f in files]
        failing = [v for v in verdicts if not v.ok]
        if failing:
            return failing[0]
        return max(verdicts, key=lambda v: v.distance_m or 0.0)

    def location_verdict(self, draft: Evidence, centre: Centre) -> GeoVerdict:
        """The shared location alone (before any photo): provenance, accuracy, distance."""
        if draft.location_at is None:
            return GeoVerdict(False, "no_location", None, "none")
        return self._location(draft, centre, draft.location_at)

    def _location(self, draft: Evidence, centre: Centre, photo_at: datetime) -> GeoVerdict:
        assert draft.location_at is not None
        return check_location(
            centre.latitude,
            centre.longitude,
            draft.location_lat,
            draft.location_lon,
            photo_at=photo_at,
            location_at=draft.location_at,
            forwarded=bool(draft.location_forwarded),
            horizontal_accuracy=draft.location_accuracy,
            max_distance_m=self.rules.max_distance_m,
            max_gap=self.rules.max_gap,
            max_accuracy_m=self.rules.max_accuracy_m,
        )

    def _file_verdict(self, draft: Evidence, centre: Centre, f: EvidenceFile) -> GeoVerdict:
        sent_at = f.message_at or draft.submitted_at
        by_exif: GeoVerdict | None = None
        if f.exif_lat is not None and f.exif_lon is not None:
            by_exif = check_exif(
                centre.latitude,
                centre.longitude,
                ExifInfo(f.exif_lat, f.exif_lon, f.exif_taken_at),
                message_at=sent_at,
                centre_tz=centre.timezone,
                max_distance_m=self.rules.max_distance_m,
            )
            if by_exif.ok:
                return by_exif
        by_location: GeoVerdict | None = None
        if draft.location_at is not None:
            by_location = self._location(draft, centre, sent_at)
            if by_location.ok:
                return by_location
        # What the submitter did last try says most about what to fix: the location first.
        return by_location or by_exif or GeoVerdict(False, "no_location", None, "none")
