"""The site's templates, read without their indentation.

Indentation keeps a template readable, but a list repeats its card's twenty times a
page. A run of newlines and indentation renders as one space wherever it stands
(outside <pre> and <textarea>, whose text in these templates always comes from a
variable), so it is collapsed to one newline once, when the template is read and
compiled, not on every response. Only the project's own HTML templates: the apps'
(admin, allauth) and the plain-text emails are read as they are.
"""

import re

from django.template.loaders import filesystem

_INDENTATION = re.compile(r"\n[ \t\r\n]*")


class Loader(filesystem.Loader):
    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return _INDENTATION.sub("\n", contents) if origin.name.endswith(".html") else contents
