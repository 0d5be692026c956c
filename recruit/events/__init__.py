"""Events as staff plan them: settings, requirement cards, copying an event, the demo."""
