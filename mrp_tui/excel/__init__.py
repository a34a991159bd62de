"""Spreadsheets in and out: the fill-in workbook for the agencies (`--template`), and reading
back what they return (`--import`). openpyxl is imported only inside the xlsx paths, so that
`--print` text never loads it. See docs/excel.md."""
