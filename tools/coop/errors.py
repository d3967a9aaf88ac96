"""Every exception of the content tool; cli.main answers each with one line on stderr.

Exception
└── CoopError            one line for the editor, never a traceback
    ├── Unreadable       a file that is not what it should be: a release in no encoding we
    │                    read (decode), a content file too large, not UTF-8, or holding YAML
    │                    that content never needs (yamlfile)
    ├── Unwritable       an output that cannot be written whole, or a file not removed (files)
    ├── Unfinished       DynamoDB kept items unprocessed after every retry (table)
    ├── Outgrown         the search index lists more terms than its directory holds; nothing
    │                    was written (searchindex)
    └── Unpublished      the records were loaded but the bulk files were not published; the
                         previous files and manifest stay (publish)

The deployed app's errors are drawn in chalicelib/errors.py.
"""

from __future__ import annotations


class CoopError(Exception):
    """Anything the tool refuses or cannot finish; its message is the line the editor reads."""


class Unreadable(CoopError):
    """A file that is not what it should be; the message says why (and where, in a file)."""


class Unwritable(CoopError):
    """An output that cannot be written, or a file that cannot be removed."""


class Unfinished(CoopError):
    """DynamoDB kept returning items unprocessed after every retry."""


class Outgrown(CoopError):
    """A structure of the table past the size it was designed for; nothing was written."""


class Unpublished(CoopError):
    """S3 refused or failed a bulk file: the load stands, the previous bulk files stay."""
