# Dates written out in full for parents ("January 24, 2027"), not Django's "Jan. 24, 2027".
DATE_FORMAT = "F j, Y"
