"""What the tests share: generated reports (``strategies``), the noise real copies carry
(``noise_shapes``), golden-file scoring (``golden``), a filled Word template (``docx_template``)
and loading the repository's scripts as modules (``loading``)."""
