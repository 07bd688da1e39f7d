"""Where exports live besides a local folder: S3 buckets, SFTP drop folders, database extracts,
HTTP payload captures and archives. Each resolves into local files read by the scanners' one
registry (`outbound.scanners.FORMATS`) and scanned by `flow.scan_file`; see `base.py` for why
remote bytes are staged, and `scan.py` for the entry point (`scan_targets`).
"""
