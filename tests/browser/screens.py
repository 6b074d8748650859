"""The screens the journeys look at pages on: browser context options for `new_page(**PHONE)`."""

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
