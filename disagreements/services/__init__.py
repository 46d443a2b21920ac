"""Every change to a disagreement: mediation and the appeal (``appeals``), and what the
council must then do, with its compliance (``orders``). Views, tasks and tests import
the services from here."""

from disagreements.services.appeals import *  # noqa: F403
from disagreements.services.appeals import __all__ as _appeals
from disagreements.services.appeals import contact_late_warning  # noqa: F401
from disagreements.services.orders import *  # noqa: F403
from disagreements.services.orders import __all__ as _orders

__all__ = [*_appeals, *_orders]
