"""Calibration from an office's own records: a case log in, an org file and its evidence out.

The modules each hold one estimator or one step: reading and checking the log
(:mod:`.case_log`), the working calendar and working-time clock (:mod:`.working_calendar`),
arrival rates and their profiles (:mod:`.arrivals`), handling-time fits
(:mod:`.service_fits`), who handles what (:mod:`.staffing`), the written org file
(:mod:`.office_file`) and the comparison of a simulated office with its records
(:mod:`.validation`, :mod:`.validation_figure`). Everything here is statistics on tables;
running the engine is left to the `orgsim-office calibrate` and `validate` commands.
"""
