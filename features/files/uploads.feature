@area:files
Feature: Uploading files and serving assets
  Files are uploaded to POST /files as multipart form data, with their
  metadata fields sent before the file. Their bytes are served back from
  /assets/<id>, optionally transformed, to callers who may read the file's
  row in directus_files.

  @check:FILE-001 @doc:guides/files/upload
  Scenario: An upload answers with the stored file's description
    When the admin uploads a 64 by 48 PNG as "probe.png" with:
      | title | Probe image |
    Then the status is 200 because an upload answers with the new file
    And "data.id" is a non-empty string
    And "data.type" is "image/png" because the type is taken from the upload
    And "data.filename_download" is "probe.png" because the original file name is kept for downloads
    And "data.title" is "Probe image" because metadata sent before the file is stored with it
    And "data.width" is "64" because image dimensions are read from the file
    And "data.height" is "48"

  @check:FILE-002 @doc:guides/files/access
  Scenario: An asset is served with exactly the bytes that were uploaded
    When the admin uploads a 64 by 48 PNG as "probe.png"
    And the admin fetches the asset "probe.png"
    Then the status is 200
    And the answer holds the same bytes as "probe.png" because an untransformed asset is the original file

  @check:FILE-003 @doc:guides/files/upload
  Scenario: Metadata sent after the file is not applied to it
    When the admin uploads a 64 by 48 PNG as "late.png" with the title after the file
    Then the status is 200
    And "data.title" is "Late" because fields must come before the file; the title is derived from the file name instead

  @check:FILE-004 @doc:guides/files/upload
  Scenario: An upload without a file is refused
    When the admin sends a multipart form without a file
    Then the status is 400 because a multipart body must include a file
    And the error code is "INVALID_PAYLOAD"

  @check:FILE-005 @doc:guides/files/access
  Scenario: An asset is denied to the public by default
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    When the public fetches the asset "probe.png"
    Then the status is 403 because assets need read permission on directus_files
    And the error code is "FORBIDDEN"

  @check:FILE-006 @doc:guides/files/access
  Scenario: An asset is served to the public once files may be read
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    And the public may read "directus_files"
    When the public fetches the asset "probe.png"
    Then the status is 200 because public read on directus_files makes assets public
    And the answer holds the same bytes as "probe.png"

  @check:FILE-007 @doc:guides/files/access
  Scenario: A protected asset is served to a token that may read files
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    And a role "viewers" with no permissions
    And a user "viewer" in role "viewers" with a static token
    When user "viewer" fetches the asset "probe.png"
    Then the status is 403 because the viewer may not read files yet
    Given role "viewers" may read "directus_files"
    When user "viewer" fetches the asset "probe.png"
    Then the status is 200 because the token's role may now read files
    And the answer holds the same bytes as "probe.png"

  @check:FILE-008 @doc:guides/files/transform
  Scenario: An image is transformed to WebP at the requested size
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    When the admin fetches the asset "probe.png" with "width=16&height=16&fit=cover&format=webp"
    Then the status is 200 because width, height, fit and format are documented transformation parameters
    And the answer is a webp image of 16 by 16 pixels because fit=cover fills the requested box

  @check:FILE-009 @doc:guides/files/transform
  Scenario: An image is resized inside a box keeping its aspect ratio
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    When the admin fetches the asset "probe.png" with "width=32&height=32&fit=inside&format=png"
    Then the status is 200
    And the answer is a png image of 32 by 24 pixels because fit=inside keeps the aspect ratio within the box

  @check:FILE-010 @doc:guides/files/transform
  Scenario: An unknown transformation preset is refused
    Given the admin uploads a 64 by 48 PNG as "probe.png"
    When the admin fetches the asset "probe.png" with "key=no-such-preset"
    Then the status is 400 because only configured presets may be used by key
    And the error code is "INVALID_QUERY"

  @check:FILE-011 @doc:guides/files/upload
  Scenario: A file is uploaded into a folder
    Given a folder "reports"
    When the admin uploads a 64 by 48 PNG as "chart.png" with:
      | folder | {folder:reports} |
    Then the status is 200
    And "data.folder" is "{folder:reports}" because the folder field sent before the file places it

  @check:FILE-012 @doc:guides/connect/errors
  Scenario: An asset that does not exist is forbidden rather than missing
    When the admin sends GET "/assets/6f1d3c2e-0000-4000-8000-000000000000"
    Then the status is 403 because unknown ids answer FORBIDDEN so that ids cannot be probed
    And the error code is "FORBIDDEN"

  @check:FILE-013 @doc:guides/files/upload @restart
  Scenario: An uploaded file is still served after the server restarts
    Given the admin uploads a 64 by 48 PNG as "kept.png"
    When the server is restarted
    And the admin fetches the asset "kept.png"
    Then the status is 200 because uploads live in the storage location, not in the server process
    And the answer holds the same bytes as "kept.png"

  @check:FILE-015 @doc:guides/files/upload @restart
  Scenario: An uploaded file is still served after the server's container is recreated
    Given the admin uploads a 64 by 48 PNG as "kept.png"
    When the server's container is recreated
    And the admin fetches the asset "kept.png"
    Then the status is 200 because uploads live on a volume, not in the container
    And the answer holds the same bytes as "kept.png"

  @check:FILE-014 @doc:guides/files/upload
  Scenario: A file that cannot be saved is not reported as uploaded
    Given a second server on the same database has a storage location that cannot be written
    When the admin uploads a 64 by 48 PNG as "lost.png" with:
      | storage | {var:unwritable storage} |
    Then the status is 503 because a file that was not stored must not be answered with success
    And the error code is "SERVICE_UNAVAILABLE"
