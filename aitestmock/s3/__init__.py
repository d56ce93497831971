"""aitestmock.s3: an S3-compatible test server that checks what real S3 checks and keeps objects on disk.

Run it with `python -m aitestmock.s3 --root DIR [--host 127.0.0.1] [--port 9000] [--access-key test
--secret-key test]`, or serve `create_app(root, credentials)` (a Starlette app) yourself. Requests are
path-style (`http://host:port/<bucket>/<key>`); bodies are S3's XML (namespace
`http://s3.amazonaws.com/doc/2006-03-01/`), errors S3's `<Error>` document with S3's code and status.

Authentication: every request but a CORS preflight carries AWS Signature Version 4, in the Authorization header
or as presigned query parameters; the signature is computed again from the request and the secret of its access
key. A changed path, query, signed header or signature → 403 SignatureDoesNotMatch; a presigned URL past
X-Amz-Date + X-Amz-Expires → 403 AccessDenied "Request has expired"; an unknown key → 403 InvalidAccessKeyId;
a header-signed request more than 15 minutes off → 403 RequestTimeTooSkewed. A signed payload hash
(x-amz-content-sha256), Content-MD5 and x-amz-checksum-crc32/sha1/sha256 are checked against the bytes.

Operations: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket, ListObjects(V2),
ListMultipartUploads, PutObject, GetObject and HeadObject (Range, response-* overrides, If-Match/If-None-Match),
DeleteObject, DeleteObjects, CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload (parts of at
least 5 MiB but the last; ETag md5-of-part-md5s-N), AbortMultipartUpload; OPTIONS answers CORS preflights as a
bucket allowing every origin would. Anything else → 501 NotImplemented.

Storage: one data file per object and per part plus a JSON sidecar (see `store`); bodies stream to disk and
from it, parts are joined in a thread with copy_file_range, and runs of zeros stay holes.
"""

from aitestmock.s3.app import S3Server, create_app

__all__ = ["S3Server", "create_app"]
