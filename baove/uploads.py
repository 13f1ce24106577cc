"""Uploads stay in memory, never in a temporary file: evidence is sealed before it touches disk.

Each file is capped at ``EVIDENCE_MAX_FILE_BYTES`` and a request at ``EVIDENCE_MAX_TOTAL_BYTES``;
past a cap the upload stops and ``request.upload_refused`` says why, so the view can answer with
a clear error instead of a half-read form.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class BoundedMemoryFileUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0
        if request is not None:
            request.upload_refused = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.size = 0

    def _refuse(self, reason: str):
        if self.request is not None:
            self.request.upload_refused = reason
        raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.size > settings.EVIDENCE_MAX_FILE_BYTES:
            self._refuse("file_too_large")
        if self.total > settings.EVIDENCE_MAX_TOTAL_BYTES:
            self._refuse("upload_too_large")
        self.file.write(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
