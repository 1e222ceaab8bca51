"""Help write a negotiation profile from its articles: propose the issue terms and cue words it lacks.

``corpus`` parses the articles once and records, per sentence, what the profile already
finds and which phrases it leaves unread; ``suggest`` scores those phrases by the
company they keep; ``report`` prints them for a person to review.
"""
