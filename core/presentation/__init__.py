"""The one presentation layer every app uses: Dutch formatting of money, dates, percentages and
counts, and human labels for codes. Pages, CSV files, charts and PDFs all format through here so
that a user sees one notation everywhere."""
