"""The data: records and their field checks, the cases and factors, scenario files, respondents' answers
(standard library and tomli-w)."""
