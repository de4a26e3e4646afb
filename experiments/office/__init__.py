"""An office described in a spreadsheet: a fill-in workbook, its import and its export.

``orgsim-office template`` writes a workbook with one sheet per concept (sections, staff,
matter types, workflow steps, calendar, plan); ``orgsim-office import`` turns a filled
workbook (or a folder of CSV files, one per sheet) into an org file, converting counts per
year, month, week or day and handling times in minutes, hours or working days into the
engine's unit, one working hour, and showing every conversion in the file's comments;
``orgsim-office export`` writes the workbook of an existing org file. See
docs/office-workbook.md.
"""
