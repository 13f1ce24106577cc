"""Browser tests of whole journeys in a real headless Chromium, and accessibility checks with axe-core."""
