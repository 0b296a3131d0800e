"""URLs of the table editor, included under /admin/jianfu/ (namespace ``jianfu``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("lists/<int:page_id>/items/", views.draft_items, name="draft_items"),
    path("lists/<int:page_id>/items/new/", views.item_add, name="draft_item_add"),
    path("lists/<int:page_id>/items/paste/", views.items_paste, name="draft_items_paste"),
    path("lists/<int:page_id>/items/<int:position>/", views.item_edit, name="draft_item_edit"),
    path(
        "lists/<int:page_id>/items/<int:position>/delete/",
        views.item_delete,
        name="draft_item_delete",
    ),
    path("lists/<int:page_id>/items/<int:position>/move/", views.item_move, name="draft_item_move"),
    path(
        "lists/<int:page_id>/items/<int:position>/transfer/",
        views.item_transfer,
        name="draft_item_transfer",
    ),
]
