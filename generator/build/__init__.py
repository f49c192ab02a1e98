"""BUILD: every lesson x level x kind -> plan, skip what is current, render in workers, write
atomically, record the manifest."""
