"""Everything a therapist does: invitations and links, homework, reviews and exports, their own exercises;
and the words the client reads about them (joining, homework, reminders)."""
