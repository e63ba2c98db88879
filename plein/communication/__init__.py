"""Communication (communicatie, issue 20): the communication plan with its target
groups (``plan``), the content calendar (``calendar``) and the monitoring of its effect
(``monitoring``). Partner meetings and day starts live in ``plein.meetings``."""
