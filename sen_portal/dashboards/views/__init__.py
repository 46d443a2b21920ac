from sen_portal.dashboards.views.dashboards import action, caseloads, pipeline, timeliness
from sen_portal.dashboards.views.reassign import reassign
from sen_portal.dashboards.views.sen2 import sen2_check, sen2_module_csv, sen2_xml

__all__ = [
    "action",
    "caseloads",
    "pipeline",
    "reassign",
    "sen2_check",
    "sen2_module_csv",
    "sen2_xml",
    "timeliness",
]
