from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files for production.

    GOV.UK Frontend's compiled CSS names the GOV.UK crest, which a council's service must
    not ship (it is for GOV.UK services only). A reference to a file we do not have is left
    as it is instead of failing collectstatic; every other URL is hashed as usual.
    """

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def convert_or_keep(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                return matchobj["matched"]

        return convert_or_keep
