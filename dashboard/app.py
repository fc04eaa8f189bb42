"""The IETA teacher dashboard (Streamlit). Start it with ./dashboard.sh, or
``streamlit run app.py`` from this folder.

Every page load resolves the current published set once and who is looking once, then runs the
page chosen in the sidebar with both (ieta_dashboard.ui.page_context).
"""

import streamlit as st

from ieta_dashboard import data
from ieta_dashboard.access import current_viewer
from ieta_dashboard.published import NoPublishedDataError, current_set
from ieta_dashboard.ui import PageContext, set_page_context

st.set_page_config(page_title="IETA teacher dashboard", page_icon="📋", layout="wide")

try:
    published = current_set()
except NoPublishedDataError as exc:
    st.error(str(exc))
    st.stop()

viewer = current_viewer(data.teachers(published.folder))
pages = [
    st.Page("views/my_classes.py", title="My classes", url_path="my-classes", default=True),
    st.Page("views/student.py", title="Student", url_path="student"),
    st.Page("views/class_summary.py", title="Class summary", url_path="class-summary"),
]
if viewer.is_district:
    pages.append(st.Page("views/district.py", title="District", url_path="district"))
page = st.navigation(pages)
set_page_context(PageContext(published=published, viewer=viewer))
page.run()
