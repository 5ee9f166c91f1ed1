"""The organizers' side: dashboard, actions, import and export, under /organize/.

Every URL here sits behind advocacy.access.OrganizerGateMiddleware: 404 for anyone who
is not an organizer, and a second factor required before anything else.
"""
