"""What a client does outside an exercise: welcome, the catalogue, history, language, time zone and place."""
